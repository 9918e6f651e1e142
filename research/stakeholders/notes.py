"""Research notes: every organisation and relation with the source retrieved for it (search tool, 2026-11-30)."""

# ruff: noqa: E501


def load(org, rel, src):
    # --- EU-China PM projects and their hubs ------------------------------------------------------------------
    ic2 = src("https://ic2permed.eu/?p=26", "About IC2PerMed",
              "Integrating China in the International Consortium for Personalised Medicine (IC2PerMed) project aims to support EU-China collaboration")
    org("eu-ic2permed", "IC2PerMed – Integrating China in the International Consortium for Personalised Medicine",
        "IC2PerMed——将中国纳入国际个体化医学联盟项目", "network", "EU", None, acronym="IC2PerMed",
        website="https://www.ic2permed.eu",
        role_en="Horizon 2020 coordination and support action (2020–2023) building EU–China collaboration in personalised medicine through ICPerMed.",
        role_zh="“地平线2020”协调与支持行动（2020–2023），通过ICPerMed推动中欧个体化医学合作。",
        themes=["research-funding", "biobanking", "icpermed-p5"], sources=[ic2, src(
            "https://dev2.bbmri-eric.eu/scientific-collaboration/ic2permed/", "IC2PerMed – BBMRI-ERIC",
            "Start date: 1 Jan 2020 ... Grant agreement: 874694")])
    org("int-icpermed", "International Consortium for Personalised Medicine", "国际个体化医学联盟", "network",
        "International", None, acronym="ICPerMed", website="https://www.icpermed.eu",
        role_en="Platform of ministries and funders aligning personalised-medicine research, funding and implementation; initiated by the European Commission in 2016.",
        role_zh="由各国部委和资助机构组成的平台，协调个体化医学研究、资助与实施；2016年由欧盟委员会发起。",
        themes=["research-funding", "wg-6", "icpermed-p5"], sources=[src(
            "https://www.icpermed.eu/en/icpermed-about.php", "About ICPerMed",
            "ICPerMed was initiated during several workshops organised by the European Commission throughout 2016.")])
    org("eu-sino-eu-permed", "Sino-EU PerMed – Widening Sino-EU policy and research cooperation in Personalised Medicine",
        "Sino-EU PerMed——拓展中欧个体化医学政策与研究合作", "network", "EU", None, acronym="Sino-EU PerMed",
        website="https://www.sino-eu-permed.eu",
        role_en="Horizon 2020 project (2020–2024) of six European and Chinese partners engaging China in ICPerMed.",
        role_zh="“地平线2020”项目（2020–2024），由六家中欧伙伴组成，推动中国参与ICPerMed。",
        themes=["research-funding", "icpermed-p5"], sources=[src(
            "https://www.sino-eu-permed.eu/en/index.html", "Sino-EU PerMed",
            "was launched in January 2020 and concluded in June 2024. A unique bi-regional consortium of 6 partners")])
    sino = src("https://www.eppermed.eu/publications-resources/additional-resources/cooperation-between-europe-and-china-in-personalised-medicine/",
               "Cooperation between Europe and China in Personalised Medicine – EP PerMed",
               "German Aerospace Center – Project Management Agency (coordinator), Fondazione Toscana Life Sciences, Innovation Fund Denmark, Health Research Board Ireland")
    sino_cn = src("https://www.internationales-buero.de/en/new_website_on_eu-china_cooperation_in_personalised_medicine.php",
                  "New website on EU-China cooperation in Personalised Medicine",
                  "Jiangsu International Technology Transfer Center and Guangzhou Institute of Biomedicine and Health CAS")
    org("de-dlr-pt", "DLR Projektträger (Project Management Agency of the German Aerospace Center)",
        "德国航空航天中心项目管理署", "funder", "EU", "DE", acronym="DLR-PT",
        role_en="Research-funding management agency; coordinates Sino-EU PerMed and supports ICPerMed.",
        role_zh="科研资助管理机构；协调Sino-EU PerMed项目并支持ICPerMed。",
        themes=["research-funding"], sources=[sino])
    org("it-tls", "Fondazione Toscana Life Sciences", "托斯卡纳生命科学基金会", "university", "EU", "IT",
        acronym="TLS", role_en="Italian life-sciences foundation; partner of Sino-EU PerMed.",
        role_zh="意大利生命科学基金会；Sino-EU PerMed项目伙伴。", themes=["research-funding"], sources=[sino])
    org("dk-ifd", "Innovation Fund Denmark", "丹麦创新基金", "funder", "EU", "DK",
        role_en="Danish public research and innovation funder; partner of Sino-EU PerMed.",
        role_zh="丹麦公共研究与创新资助机构；Sino-EU PerMed项目伙伴。", themes=["research-funding"], sources=[sino])
    org("ie-hrb", "Health Research Board", "爱尔兰健康研究委员会", "funder", "EU", "IE", acronym="HRB",
        role_en="Irish health research funder; partner of Sino-EU PerMed.",
        role_zh="爱尔兰健康研究资助机构；Sino-EU PerMed项目伙伴。", themes=["research-funding"], sources=[sino])
    org("cn-jittc", "Jiangsu International Technology Transfer Center", "江苏省国际技术转移中心", "network", "China",
        "CN", role_en="Technology-transfer centre in Jiangsu; Chinese partner of Sino-EU PerMed.",
        role_zh="江苏省技术转移机构；Sino-EU PerMed项目中方伙伴。", themes=["wg-4"], sources=[sino_cn])
    org("cn-gibh", "Guangzhou Institutes of Biomedicine and Health, Chinese Academy of Sciences",
        "中国科学院广州生物医药与健康研究院", "university", "China", "CN", acronym="GIBH",
        role_en="CAS biomedical research institute in Guangzhou; Chinese partner of Sino-EU PerMed.",
        role_zh="中国科学院在广州的生物医药研究机构；Sino-EU PerMed项目中方伙伴。", themes=["genomics"],
        sources=[sino_cn])
    for member in ("de-dlr-pt", "it-tls", "dk-ifd", "ie-hrb"):
        rel(member, "eu-sino-eu-permed", "member_of", start=2020, end=2024,
            basis="Consortium partner of Sino-EU PerMed.", sources=[sino])
    for member in ("cn-jittc", "cn-gibh"):
        rel(member, "eu-sino-eu-permed", "member_of", start=2020, end=2024,
            basis="Chinese consortium partner of Sino-EU PerMed.", sources=[sino_cn])
    rel("de-dlr-pt", "eu-sino-eu-permed", "coordinates", start=2020, end=2024,
        basis="DLR-PT coordinates Sino-EU PerMed.", sources=[sino])
    rel("eu-sino-eu-permed", "int-icpermed", "liaises_with", start=2020, end=2024,
        basis="The project's goal is to foster collaboration between Chinese health organisations and ICPerMed.",
        sources=[src("https://www.sino-eu-permed.eu/en/Project-1692.html", "Sino-EU PerMed – Project",
                     "The ultimate goal of the Sino-EU‐PerMed project is to foster collaboration between Chinese health organisations and ICPerMed")])
    rel("eu-ic2permed", "int-icpermed", "liaises_with", start=2020, end=2023,
        basis="IC2PerMed supports EU–China collaboration through the ICPerMed initiative.", sources=[ic2])

    # --- IC2PerMed partners and guests ------------------------------------------------------------------------
    ic2_it = src("https://roma.corriere.it/notizie/cronaca/20_febbraio_17/roma-universita-cattolica-policlinico-gemelli-chiamano-cina-medicina-personalizzata-15f19122-51a8-11ea-b3f1-eafceba2b87d.shtml",
                 "Europa-Cina, al via il progetto «IC2PerMed» – Corriere della Sera",
                 "vede capofila l’Università Cattolica e la Fondazione Policlinico Agostino Gemelli Irccs")
    org("it-ucsc", "Università Cattolica del Sacro Cuore", "圣心天主教大学", "university", "EU", "IT",
        acronym="UCSC", role_en="Italian university; coordinator of IC2PerMed (project leader Walter Ricciardi).",
        role_zh="意大利大学；IC2PerMed项目协调方。", themes=["prevention", "research-funding"], sources=[ic2_it, ic2])
    org("it-gemelli", "Fondazione Policlinico Universitario Agostino Gemelli IRCCS", "杰梅利大学医院基金会",
        "hospital", "EU", "IT", role_en="Research hospital in Rome; co-lead of IC2PerMed with UCSC.",
        role_zh="罗马研究型医院；与圣心天主教大学共同牵头IC2PerMed。", themes=["clinical-trials"], sources=[ic2_it])
    rel("it-ucsc", "eu-ic2permed", "coordinates", start=2020, end=2023,
        basis="Università Cattolica leads IC2PerMed.", sources=[ic2_it])
    rel("it-gemelli", "eu-ic2permed", "member_of", start=2020, end=2023,
        basis="Fondazione Policlinico Gemelli co-leads IC2PerMed.", sources=[ic2_it])
    bb_ic2 = src("https://dev2.bbmri-eric.eu/scientific-collaboration/ic2permed/", "IC2PerMed – BBMRI-ERIC",
                 "Total request Grant by BBMRI-ERIC: €219,687.50")
    org("eu-bbmri-eric", "Biobanking and BioMolecular resources Research Infrastructure – European Research Infrastructure Consortium",
        "生物样本库与生物分子资源研究基础设施-欧洲研究基础设施联盟", "infrastructure", "EU", "AT",
        acronym="BBMRI-ERIC", website="https://www.bbmri-eric.eu",
        role_en="European research infrastructure for biobanking (Graz); led IC2PerMed's biobank collaboration scenario.",
        role_zh="欧洲生物样本库研究基础设施（格拉茨）；负责IC2PerMed生物样本库合作情景任务。",
        themes=["biobanking", "ethics-consent", "quality-accreditation"], sources=[bb_ic2])
    rel("eu-bbmri-eric", "eu-ic2permed", "member_of", start=2020, end=2023,
        basis="BBMRI-ERIC is a funded partner and leads Task 3.3 (biobank collaboration scenario).", sources=[bb_ic2])
    mou = src("https://www.ic2permed.eu/2023/11/08/ic2permed-partners-gathered-in-china-to-sign-a-mou-for-extending-sino-eu-collaboration-in-personalised-medicine/",
              "IC2PerMed partners gathered in China to sign a MoU",
              "Wang Yingshi, from the bureau of China-Eu Cooperation in the Ministry of Science and Technology of PRC")
    org("cn-most", "Ministry of Science and Technology of the People's Republic of China", "中华人民共和国科学技术部",
        "ministry", "China", "CN", acronym="MOST", zh="official",
        role_en="Sets China's science and technology policy, runs national key R&D programmes and EU–China S&T cooperation.",
        role_zh="制定国家科技政策，组织国家重点研发计划，负责中欧科技合作。",
        themes=["research-funding", "genetic-resources"], sources=[mou])
    rel("cn-most", "eu-ic2permed", "liaises_with", start=2023,
        basis="MOST's China–EU cooperation bureau spoke at IC2PerMed's Beijing delegation visit (October 2023).", sources=[mou])
    org("eu-ep-permed", "European Partnership for Personalised Medicine", "欧洲个体化医学伙伴关系", "network", "EU", None,
        acronym="EP PerMed", website="https://www.eppermed.eu",
        role_en="Horizon Europe co-funded partnership of 51 partners funding personalised-medicine research, with an international-cooperation work package.",
        role_zh="“地平线欧洲”共同资助的伙伴关系（51个伙伴），资助个体化医学研究，并设国际合作工作包。",
        themes=["research-funding", "wg-6"], sources=[src(mou["url"], mou["title"],
                                                          "EP PerMed is a new platform, that includes 51 partners")])
    rel("eu-ep-permed", "eu-ic2permed", "liaises_with", start=2023,
        basis="EP PerMed presented its plans for cooperation with China at the IC2PerMed Beijing event.", sources=[src(
            mou["url"], mou["title"], "Monica Frenzel (ICPerMed, EP PerMed) presented the European vision on PM")])
    org("cn-bgi", "BGI Group", "华大集团", "company", "China", "CN", acronym="BGI",
        role_en="Genomics company and research institute in Shenzhen; took part in IC2PerMed's 2023 Beijing event.",
        role_zh="深圳基因组学企业与研究机构；参加IC2PerMed 2023年北京活动。", themes=["genomics", "biobanking"],
        sources=[src(mou["url"], mou["title"], "Frederick Dubee (BGI) underlined the importance of cooperation for Europe and China.")])
    rel("cn-bgi", "eu-ic2permed", "signed_mou_with", start=2023,
        basis="Present at the IC2PerMed Beijing session that closed with the signature of an MoU to extend collaboration; BGI's signature itself is not confirmed.",
        sources=[mou], verified=False)

    # --- China National Center for Biotechnology Development and ICGEB ----------------------------------------
    icgeb = src("https://www.icgeb.org/icgeb-regional-research-centre-unveiled-at-china-medical-expo/",
                "ICGEB Regional Research Centre unveiled at China Medical Expo",
                "The China National Center for Biotechnology Development represents the Chinese government and participates in the ICGEB Board of Governors.")
    org("cn-cncbd", "China National Center for Biotechnology Development", "中国生物技术发展中心", "funder", "China", "CN",
        acronym="CNCBD", zh="official", parent="cn-most",
        role_en="MOST agency managing national biotechnology and biomedical programmes and international biotech cooperation.",
        role_zh="科技部直属机构，管理国家生物技术与生物医药项目及国际合作。",
        themes=["research-funding", "genetic-resources"], sources=[src(
            "https://www.devex.com/organizations/china-national-center-for-biotechnology-development-cncbd-148994",
            "China National Center for Biotechnology Development (CNCBD) – Devex",
            "established on November 3, 1983 under the Ministry of Science and Technology"), icgeb])
    org("int-icgeb", "International Centre for Genetic Engineering and Biotechnology", "国际遗传工程和生物技术中心",
        "international", "International", "IT", acronym="ICGEB", website="https://www.icgeb.org",
        role_en="Intergovernmental organisation for research and training in biotechnology; opened a Regional Research Centre in China.",
        role_zh="生物技术研究与培训政府间组织；在中国设立区域研究中心。", themes=["genomics"], sources=[icgeb])
    rel("cn-cncbd", "cn-most", "part_of", basis="CNCBD was established under the Ministry of Science and Technology.",
        start=1983, sources=[src("https://www.devex.com/organizations/china-national-center-for-biotechnology-development-cncbd-148994",
                                  "China National Center for Biotechnology Development (CNCBD) – Devex",
                                  "established on November 3, 1983 under the Ministry of Science and Technology")])
    rel("cn-cncbd", "int-icgeb", "represented_in", start=1992,
        basis="China joined ICGEB on 13 May 1992; CNCBD represents the Chinese government on the Board of Governors.",
        sources=[icgeb])
    rel("cn-cncbd", "int-icgeb", "signed_mou_with", start=2020,
        basis="China Medical City, ICGEB and CNCBD signed the cooperation agreement for the ICGEB China Regional Research Centre on 6 January 2020.",
        sources=[src(icgeb["url"], icgeb["title"], "on January 6, 2020, the three parties signed the cooperation agreement")])

    # --- China Kadoorie Biobank partners ----------------------------------------------------------------------
    ctsu = src("https://www.ctsu.ox.ac.uk/research/china-kadoorie-biobank", "China Kadoorie Biobank – CTSU, University of Oxford",
               "conducted jointly by the Clinical Trial Service Unit & Epidemiological Studies Unit (CTSU) in the Nuffield Department of Population Health, University of Oxford and the Chinese Academy of Medical Sciences")
    org("gb-oxford", "University of Oxford", "牛津大学", "university", "Europe (non-EU)", "GB",
        role_en="Runs the China Kadoorie Biobank jointly with the Chinese Academy of Medical Sciences (CTSU, Nuffield Department of Population Health).",
        role_zh="与中国医学科学院共同开展中国慢性病前瞻性研究（China Kadoorie Biobank）。",
        themes=["biobanking", "genomics", "prevention"], sources=[ctsu])
    org("cn-cams", "Chinese Academy of Medical Sciences", "中国医学科学院", "university", "China", "CN", acronym="CAMS",
        zh="official", role_en="China's national medical research academy; joint leader of the China Kadoorie Biobank.",
        role_zh="国家级医学科研机构；中国慢性病前瞻性研究共同牵头单位。", themes=["biobanking", "clinical-trials"],
        sources=[ctsu])
    rel("gb-oxford", "cn-cams", "partners_with", start=2004,
        basis="The China Kadoorie Biobank (recruitment from 2004) is conducted jointly by Oxford's CTSU and CAMS.",
        sources=[ctsu, src("https://ckbiobank.org/news-1/china-kadoorie-biobank-celebrates-20th-anniversary",
                           "China Kadoorie Biobank celebrates 20th anniversary", "celebrating 20 years since the start of the study in 2004")])
    fund = src(ctsu["url"], ctsu["title"], "The long-term continuation of the study is supported by Wellcome, with further support in China from the Chinese Natural Science Foundation and Chinese Ministry of Science and Technology.")
    org("gb-wellcome", "Wellcome Trust", "惠康基金会", "funder", "Europe (non-EU)", "GB", acronym="Wellcome",
        website="https://wellcome.org",
        role_en="UK biomedical research charity; long-term funder of the China Kadoorie Biobank.",
        role_zh="英国生物医学研究慈善基金；中国慢性病前瞻性研究的长期资助方。", themes=["research-funding", "genomics"],
        sources=[src("https://wellcome.org/grant-funding/people-and-projects/grants-awarded/china-kadoorie-biobank-05-million-adults",
                     "China Kadoorie Biobank of 0.5 million adults – Wellcome", "China Kadoorie Biobank of 0.5 million adults")])
    org("cn-nsfc", "National Natural Science Foundation of China", "国家自然科学基金委员会", "funder", "China", "CN",
        acronym="NSFC", zh="official", role_en="China's national funder of basic research, including biomedical and personalised-medicine science.",
        role_zh="国家基础研究资助机构，资助生物医学与个体化医学基础研究。", themes=["research-funding", "wg-6"], sources=[fund])
    rel("gb-wellcome", "gb-oxford", "funds", basis="Wellcome supports the long-term continuation of the China Kadoorie Biobank run by Oxford's CTSU.",
        sources=[fund])
    rel("cn-nsfc", "cn-cams", "funds", basis="NSFC supports the China Kadoorie Biobank in China.", sources=[fund])
    rel("cn-most", "cn-cams", "funds", basis="MOST supports the China Kadoorie Biobank in China.", sources=[fund])
    kadoorie = src(ctsu["url"], ctsu["title"], "CKB was established with funding support to CTSU from the Kadoorie Charitable Foundation in Hong Kong.")
    org("cn-kadoorie", "Kadoorie Charitable Foundation", "嘉道理慈善基金会", "funder", "China", "HK",
        role_en="Hong Kong charitable foundation whose funding established the China Kadoorie Biobank.",
        role_zh="香港慈善基金会，出资建立中国慢性病前瞻性研究。", themes=["research-funding", "biobanking"], sources=[kadoorie])
    rel("cn-kadoorie", "gb-oxford", "funds", start=2004, basis="Funding to CTSU established the China Kadoorie Biobank.",
        sources=[kadoorie])
    mrc = src("https://gtr.ukri.org/projects?ref=MC_UU_12026%2F2", "China Kadoorie Biobank (CKB) prospective study of 0.5 million adults – UKRI Gateway to Research",
              "Lead Research Organisation: University of Oxford")
    org("gb-mrc", "Medical Research Council", "英国医学研究理事会", "funder", "Europe (non-EU)", "GB", acronym="MRC",
        role_en="UK public funder of medical research (part of UKRI); core funding for the China Kadoorie Biobank.",
        role_zh="英国医学研究公共资助机构（隶属UKRI）；为中国慢性病前瞻性研究提供核心资助。", themes=["research-funding"],
        sources=[mrc])
    rel("gb-mrc", "gb-oxford", "funds", basis="MRC unit grant MC_UU_12026/2 for the China Kadoorie Biobank, led by Oxford.",
        sources=[mrc])
